/** Output for `npm run bench`: progress lines as the run goes, then the tables. */

export const log = (line = "") => console.log(line);
export const elapsed = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
