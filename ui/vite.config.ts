import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The desktop shell loads ui/dist from disk (no dev server, no remote content).
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari16",
    // Fonts and images as files, never data: URLs, so the CSP can stay strict.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
  },
  css: {
    preprocessorOptions: {
      scss: { loadPaths: ["node_modules"], quietDeps: true },
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
  },
});
