import { useEffect } from "react";

const REGIONS = ".table-scroll, .matrix-scroll, .timeline-scroll";
const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

/**
 * A table wider than a phone scrolls inside its frame; a frame with nothing focusable in it
 * must take the keyboard focus itself, or a keyboard user cannot scroll it (WCAG 2.1.1). Every
 * screen's frames are checked as they appear and as the window resizes.
 */
export function useFocusableScrollRegions(): void {
  useEffect(() => {
    let pending = 0;
    const check = () => {
      pending = 0;
      for (const region of document.querySelectorAll<HTMLElement>(REGIONS)) {
        const scrolls = region.scrollWidth > region.clientWidth + 1;
        const reachable = region.querySelector(FOCUSABLE) !== null;
        if (scrolls && !reachable && !region.hasAttribute("tabindex")) {
          region.tabIndex = 0;
          region.dataset.madeFocusable = "";
        } else if ((!scrolls || reachable) && "madeFocusable" in region.dataset) {
          region.removeAttribute("tabindex");
          delete region.dataset.madeFocusable;
        }
      }
    };
    const soon = () => {
      if (!pending) pending = requestAnimationFrame(check);
    };
    const observer = new MutationObserver(soon);
    observer.observe(document.body, { childList: true, subtree: true });
    window.addEventListener("resize", soon);
    soon();
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", soon);
      cancelAnimationFrame(pending);
    };
  }, []);
}
