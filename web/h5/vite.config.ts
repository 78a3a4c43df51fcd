/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { VantResolver } from '@vant/auto-import-resolver'

// The gateway serves the app and the API from one origin; in development and preview the
// same-origin `/api` is forwarded to it.
const gateway = process.env.GATEWAY_URL ?? 'http://localhost:8080'
const proxy = {
  '/api': { target: gateway, changeOrigin: false },
}

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    // Vant components (and their CSS) are imported per component where they are used.
    Components({ resolvers: [VantResolver()], dts: 'components.d.ts' }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: { port: 5173, proxy },
  preview: { port: 4173, proxy },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    manifest: true,
    target: 'es2020',
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts'],
    restoreMocks: true,
    // Vant's ES modules import their CSS: let Vite process them instead of Node
    server: { deps: { inline: ['vant'] } },
  },
})
