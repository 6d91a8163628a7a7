export * from './enums.js';
export * from './state-machine.js';
export * from './shipment-machine.js';
export * from './complaint-machine.js';
export * from './phone.js';
export * from './money.js';
export * from './limits.js';
export * from './schemas.js';
