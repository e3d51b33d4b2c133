export * from './segments';
export * from './inspections';
export * from './chunks';
export * from './frames';
export * from './observations';
export * from './auth';
export * from './worker-heartbeats';
