// The baseline as its own process (the bench loads it like ParcelDesk's own dist/main.js).
// The metadata polyfill first: the baseline shares a few SQL fragments with the server's modules
// (baseline-inbox.ts), whose type-graphql decorators run when they load.
import 'reflect-metadata';
import { startBaselineServer } from './baseline-server.js';

const server = await startBaselineServer({ databaseUrl: process.env.DATABASE_URL!, port: Number(process.env.PORT ?? 0) });
console.log(`listening ${server.url}`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
