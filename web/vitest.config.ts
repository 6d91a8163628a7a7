import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      include: ['src/**/*.test.ts'],
      // The kits import their CSS from JS; let vite (not Node) load them.
      server: { deps: { inline: ['vant', 'naive-ui'] } },
    },
  }),
);
