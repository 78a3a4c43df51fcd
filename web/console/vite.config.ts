/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The gateway serves the console at /console/ and the API from the same origin; in development
// and preview the same-origin `/api` is forwarded to it.
const gateway = process.env.GATEWAY_URL ?? 'http://localhost:8080'
const proxy = {
  '/api': { target: gateway, changeOrigin: false },
}

export default defineConfig({
  base: '/console/',
  plugins: [
    vue(),
    // Element Plus components (and their CSS) are imported per component where they are used.
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: 'components.d.ts' }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: { port: 5174, proxy },
  preview: { port: 4174, proxy },
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
    server: { deps: { inline: ['element-plus'] } },
  },
})
