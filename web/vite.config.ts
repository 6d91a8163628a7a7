import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite';
import vue from '@vitejs/plugin-vue';
import { NaiveUiResolver, VantResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const backend = process.env.PARCELDESK_API ?? 'http://localhost:4000';

/**
 * Vant ships its icon font inlined in `vant/es/icon/index.css` as a ~60 KB base64 data URL, which
 * every phone page would then pay for in its CSS. Write the font out once and point the CSS at the
 * file: vite hashes it as an asset, the browser caches it and loads it only when an icon is drawn.
 * Its second source, a woff on Alibaba's CDN, goes: every browser we serve reads woff2, and Chromium
 * requests the CDN copy anyway, which the server's CSP (font-src 'self') refuses and reports.
 */
function vantIconFontAsFile(): Plugin {
  const fontFile = here('./node_modules/.cache/vant-icon/vant-icon.woff2');
  return {
    name: 'parceldesk:vant-icon-font-as-file',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]vant[\\/]es[\\/]icon[\\/]index\.css$/.test(id)) return null;
      const match = /url\(\s*["']?data:font\/woff2;[^,]*base64,([A-Za-z0-9+/=]+)["']?\s*\)/.exec(code);
      if (!match) return null;
      mkdirSync(dirname(fontFile), { recursive: true });
      writeFileSync(fontFile, Buffer.from(match[1], 'base64'));
      const url = relative(dirname(id), fontFile).split('\\').join('/');
      const withoutCdn = code.replace(/,\s*url\(\s*["']?(?:https?:)?\/\/at\.alicdn\.com[^)]*\)\s*format\(\s*["']woff["']\s*\)/, '');
      return { code: withoutCdn.replace(match[0], `url("${url}")`), map: null };
    },
  };
}

/** Modules of the phone shell: see `codeSplitting` below. Only what every phone page loads anyway. */
const PHONE_SHELL = new RegExp(
  [
    String.raw`[\\/]src[\\/]apps[\\/]mobile[\\/]MobileLayout\.vue`,
    String.raw`[\\/]src[\\/]apps[\\/]mobile[\\/]components[\\/](MobileTabbar|MobilePage|ErrorBlock|LoadingBlock|LoadMore|EmptyState|StatusTag)\.vue`,
    String.raw`[\\/]src[\\/]apps[\\/]mobile[\\/]composables[\\/](useMobileTabs|useVantLocale)\.ts`,
    String.raw`[\\/]@vant[\\/]use[\\/]`,
    String.raw`[\\/]vant[\\/]es[\\/](utils|config-provider|badge|icon|tabbar|tabbar-item|button|nav-bar|loading|tag)[\\/]`,
    String.raw`[\\/]vant[\\/]es[\\/]composables[\\/](use-route|use-placeholder|use-expose|use-height|use-global-z-index|on-popup-reopen)\.mjs`,
    // English waits for whoever picks it (useVantLocale).
    String.raw`[\\/]vant[\\/]es[\\/]locale[\\/](index\.mjs|lang[\\/]zh-CN)`,
  ].join('|'),
);

/**
 * Small modules that both apps' pages (and the login page) import: the language switch, logout,
 * status colours, date and money formats, the paginated-list helper. Left alone, rolldown gives each
 * its own chunk of 0.1-0.7 KB, every one a request and a separate gzip stream; together they are
 * one ~1.9 KB chunk. With MobileLayout and Vant's popup helpers moved into the phone shell, the phone
 * landings lost 0.8 (buyer) and 1.2 KB (courier).
 */
const SHARED_SMALL = new RegExp(
  [
    String.raw`[\\/]src[\\/]shared[\\/]components[\\/]LocaleSwitch\.vue`,
    String.raw`[\\/]src[\\/]shared[\\/]i18n[\\/]useLocale\.ts`,
    String.raw`[\\/]src[\\/]shared[\\/]session[\\/]composables[\\/]useLogout\.ts`,
    String.raw`[\\/]src[\\/]shared[\\/]shipments[\\/]status\.ts`,
    String.raw`[\\/]src[\\/]shared[\\/]graphql[\\/]connection\.ts`,
    String.raw`[\\/]src[\\/]shared[\\/]format[\\/]datetime\.ts`,
    String.raw`[\\/]shared[\\/]dist[\\/](phone|money)\.js`,
  ].join('|'),
);

/**
 * The courier's landing and the scan state it shares with the parcel page's (lazy) scan card: one
 * chunk. Left alone, rolldown gave the shared part (useCourierScan, CourierActions) its own chunk,
 * a separate request and gzip stream on the courier landing.
 */
const COURIER_LANDING = new RegExp(
  String.raw`[\\/]src[\\/]apps[\\/]mobile[\\/]deliveries[\\/](views[\\/]DeliveriesView\.vue|composables[\\/](useCourierScan|scanKinds|useDeliveries)\.ts|components[\\/](CourierActions|DeliveryCard|DeliveryTabs)\.vue)`,
);

const CORE_RUNTIME = new RegExp(
  [
    String.raw`[\\/]@vue[\\/](shared|reactivity|runtime-core|runtime-dom)[\\/]`,
    String.raw`[\\/](petite-vue-i18n|@intlify[\\/](shared|core-base|message-compiler))[\\/]`,
    String.raw`[\\/]shared[\\/]dist[\\/]enums\.js`,
  ].join('|'),
);

export default defineConfig({
  plugins: [
    vantIconFontAsFile(),
    vue(),
    Components({
      // Per-component imports (and their CSS) for the two kits only; our own components are imported
      // explicitly, so nothing of ours is auto-registered.
      dirs: [],
      dts: false,
      resolvers: [VantResolver(), NaiveUiResolver()],
    }),
    VueI18nPlugin({
      // Translation-only subset of vue-i18n (composition API, no date/number formats): see
      // src/shared/i18n/messageResolver.ts and index.ts for what it leaves out and how that is filled.
      module: 'petite-vue-i18n',
      include: [here('./src/shared/i18n/locales/**'), here('./src/shared/*/locales/*.json'), here('./src/apps/**/locales/*.json')],
      // Messages are compiled to functions at build time, so the browser gets vue-i18n's runtime
      // without the message compiler.
      runtimeOnly: true,
      compositionOnly: true,
      fullInstall: false,
      dropMessageCompiler: true,
      strictMessage: false,
    }),
  ],
  define: {
    __VUE_OPTIONS_API__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
    // vue-i18n's devtools hooks: the unplugin sets the other feature flags, not this one, and left
    // undefined it is a runtime check that keeps the hook code in every first load.
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  resolve: {
    alias: [
      // `vue-i18n` is petite-vue-i18n (package.json's npm alias); its runtime-only build, as the
      // i18n plugin would pick for vue-i18n itself (messages are precompiled).
      { find: /^vue-i18n$/, replacement: 'vue-i18n/dist/petite-vue-i18n.runtime.esm-bundler.js' },
      { find: '#shared', replacement: here('./src/shared') },
      { find: '#mobile', replacement: here('./src/apps/mobile') },
      { find: '#desktop', replacement: here('./src/apps/desktop') },
      { find: '#gql', replacement: here('./src/gql') },
    ],
  },
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: backend, ws: true, changeOrigin: false },
      '/healthz': { target: backend },
      '/uploads': { target: backend },
      '/evidence': { target: backend },
    },
  },
  preview: {
    proxy: {
      '/graphql': { target: backend, ws: true },
      '/healthz': { target: backend },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    // terser's two compress passes make the phone landings ~1.4 KB gzip smaller than the default
    // oxc minifier (measured with scripts/bundle-size.mjs), for ~15 s more build. Safe options only:
    // Vue's reactivity relies on getters with side effects, so no `pure_getters`/`unsafe*`.
    minify: 'terser',
    terserOptions: { compress: { passes: 2 }, ecma: 2020, module: true },
    // The live pieces loaded after the first paint (unread counts, the chat button on cards, the alert
    // banner) need no preload list: each is one small chunk that imports the rest, and the list's
    // hashed file names cost every landing that names them ~0.1 KB of gzip (issue 18). Nor does the
    // courier's scan dialog, opened by a tap (its photo field's chunks grew the list: issue 20). For
    // the same reason the chat outbox's sender and the unread store, which the tab counts also load,
    // are not preloaded with the chat pages: they come with their importer a moment later.
    modulePreload: {
      resolveDependencies: (file, deps) =>
        /(TabCounts|CardChatLink|AlertBanner|ScanDialog)-[\w-]+\.js$/.test(file) ? [] : deps.filter((dep) => !/\/(outboxSender|useUnread)-[\w-]+\.js$/.test(dep)),
    },
    // Fonts are always separate files (cached, fetched only when used); small images may inline.
    assetsInlineLimit: (file) => (/\.(woff2?|ttf|otf|eot)$/i.test(file) ? false : undefined),
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              // The phone shell every phone page draws (tab bar, page frame, list footer and
              // the Vant parts under them) as one chunk: left to automatic splitting it came as ~10
              // small chunks, each compressed on its own, ~3 KB more gzip on every phone landing.
              name: 'phone',
              test: PHONE_SHELL,
              // Only these modules: their other imports (vue, vue-i18n, the session) are in the core.
              includeDependenciesRecursively: false,
            },
            { name: 'common', test: SHARED_SMALL, includeDependenciesRecursively: false },
            { name: 'deliveries', test: COURIER_LANDING, includeDependenciesRecursively: false },
            {
              // Vue's runtime, the i18n runtime and the shared enums, which every page runs
              // before anything else, in one chunk. Left alone, rolldown moved them out of the entry
              // into three chunks once the desk's workspace components joined existing chunks
              // (+1.1 KB gzip on every phone landing); together they compress as one.
              name: 'core',
              test: CORE_RUNTIME,
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
});
