export * from './contract';
export * from './errors';
export * from './query';
export * from './responses';
export * from './time';
