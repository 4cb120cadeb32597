/** Characters' average width relative to the font size, for when no canvas can measure (tests). */
const AVERAGE_CHARACTER_WIDTH = 0.6;

/**
 * Measures text as the page draws it in `weight` and `sizePx` of the app's font, so a layout can
 * size boxes to their labels before they are on screen.
 */
export function textWidthMeasurer(weight: number, sizePx: number): (text: string) => number {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return (text) => text.length * sizePx * AVERAGE_CHARACTER_WIDTH;
  context.font = `${weight} ${sizePx}px ${getComputedStyle(document.documentElement).fontFamily}`;
  return (text) => context.measureText(text).width;
}
