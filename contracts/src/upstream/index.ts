/** What the gateway calls: AI-Core, OpenAI-compatible providers, Voice-Service, Memory-Service. */
export * from './ai-core';
export * from './memory';
export * from './openai';
export * from './voice';
