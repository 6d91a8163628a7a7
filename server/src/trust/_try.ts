import { measureCorpus } from './photo-corpus.js';
const f = await measureCorpus(Number(process.argv[2] ?? 40), Number(process.argv[3] ?? 1), 10);
console.log(JSON.stringify(f));
