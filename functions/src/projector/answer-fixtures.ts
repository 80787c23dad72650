import { type AnswerTimeline, TIMELINE_START } from "@termline/core";

/** For tests: a cell allowed from the start of time, citing one reason that says `summary`. */
export const timelineCiting = (summary: string): AnswerTimeline =>
  ({
    product: "widget",
    provider: "north",
    segment: "commercial",
    periods: [
      {
        from: TIMELINE_START,
        answer: {
          decision: "allowed",
          certainty: "certain",
          // A reason's text alone: what deflating and keeping a timeline depend on.
          reasons: [{ code: "granted", summary }],
        },
      },
    ],
  }) as unknown as AnswerTimeline;
