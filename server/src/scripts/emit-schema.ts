import fs from 'node:fs/promises';
import path from 'node:path';
import { buildAppSchema, printAppSchema } from '../schema.js';

// Writes server/schema.graphql, the contract web codegen reads; a test fails when it is stale.
const target = path.resolve(import.meta.dirname, '../../schema.graphql');
await fs.writeFile(target, printAppSchema(await buildAppSchema()));
console.log(`wrote ${target}`);
