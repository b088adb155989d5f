/**
 * What other packages' tests use to run a real gateway (`@cyrene/gateway/testing`): a gateway on
 * a loopback port with a fresh database, signed-in test users, raw HTTP calls, a clock to move
 * by hand, and fakes of the upstream services. Nothing here is part of the product.
 */
export { ManualClock } from '../clock/manual-clock';
export { startFakeVoiceService } from '../voice/testing/fake-voice-service';
export { FakeAiCore, type Script as FakeAiCoreScript } from './fake-ai-core';
export { type CallOptions, call, type RawResponse } from './http';
export { startTestGateway, TEST_ADMIN, type TestGateway, type TestGatewayOptions } from './test-gateway';
export { type GatewayAddress, onInstance, registerTestUser, signInTestAdmin, type TestUser } from './users';
