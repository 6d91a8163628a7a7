import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Operations live beside the feature that uses them (`apps/<app>/<feature>/graphql/*.ts`) and are
 * written with `graphql()` from `#shared/graphql/graphql`. That function is typed by the generated
 * `src/gql/gql.ts` overloads but imports them as *types only*: at runtime it parses the literal
 * source with urql's `gql`. So each operation's text ends up in the chunk of the route that imports
 * it, and the generated lookup table (every operation of the app in one module, which is what the
 * preset's own `graphql()` ships without its babel plugin) never reaches the browser.
 * Fragments: declare each once in its own `graphql()` call; at runtime `graphql()` appends the
 * fragments an operation spreads (see shared/graphql/graphql.ts). Fragment masking is off, so
 * results are plain objects typed with the fragment's fields inlined.
 */
const config: CodegenConfig = {
  schema: '../server/schema.graphql',
  documents: ['src/**/*.ts', 'src/**/*.vue', '!src/gql/**', '!src/**/*.test.ts'],
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        scalars: { DateTimeISO: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: false,
      },
    },
  },
};

export default config;
