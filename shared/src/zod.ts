import { z as zod } from 'zod';

// zod 4 compiles object parsers with `new Function` after probing whether eval is allowed. The web
// app runs under a CSP without 'unsafe-eval', where that probe is a reported violation (and the
// fallback is used anyway). Parse without it on both sides, so the form and the server behave alike;
// our inputs are a handful of fields, where the compiled parser saves nothing measurable.
zod.config({ jitless: true });

/** zod, configured: import it from here, not from 'zod' (a bare re-export would let the bundler drop the config). */
export const z = zod;
