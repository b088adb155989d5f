/**
 * The fake AI-Core lives in testing/. This path is kept only because packages/sdk's WebSocket
 * tests import it from here; point them at apps/gateway/src/testing/fake-ai-core and delete it.
 */
export { FakeAiCore, type Script } from '../../testing/fake-ai-core';
