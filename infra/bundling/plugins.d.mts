import type { Plugin } from "esbuild";

export const lambdaTrims: Plugin;
declare const plugins: Plugin[];
export default plugins;
