import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { jsBudget } from "./build/js-budget.ts";

/** `npm run dev -w @termline/web` proxies the API to a running `npm start` (PORT, default 3000). */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), jsBudget()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: false },
  server: {
    proxy: { "/api": `http://127.0.0.1:${process.env.API_PORT ?? process.env.PORT ?? 3000}` },
  },
});
