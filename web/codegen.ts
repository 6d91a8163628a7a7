import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Operations live beside the feature that uses them (`apps/<app>/<feature>/graphql/*.ts`) and are
 * written with `graphql()` from `#shared/graphql/graphql`. That function is typed by the generated
 * `src/gql/gql.ts` overloads but imports them as *types only*: at runtime it parses the literal
 * source with urql's `gql`. So each operation's text ends up in the chunk of the route that imports
 * it, and the generated lookup table (every operation of the app in one module, which is what the
 * preset's own `graphql()` ships without its babel plugin) never reaches the browser.
 * Consequence: a document must be self-contained (declare the fragments it spreads in the same
 * template); fragment masking is off.
 */
const config: CodegenConfig = {
  schema: '../server/schema.graphql',
  documents: ['src/**/*.ts', 'src/**/*.vue', '!src/gql/**'],
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
