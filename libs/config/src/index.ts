export { z } from 'zod';
export * from './common';
export * from './config';
export * from './fields';
