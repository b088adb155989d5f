export * from './contract';
export * from './errors';
export * from './input-rules';
export * from './query';
export * from './responses';
export * from './time';
