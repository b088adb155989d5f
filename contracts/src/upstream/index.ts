/** What the gateway calls: AI-Core, OpenAI-compatible providers, Voice-Service, Memory-Service. To be written. */
export {};
