/** A small neon glyph for a wttr.in (WWO) weather code; decorative, the condition is text. */
import { svg, type SVGTemplateResult } from 'lit';

type Kind = 'sun' | 'partly' | 'cloud' | 'fog' | 'rain' | 'snow' | 'storm';

const KINDS: [Kind, number[]][] = [
  ['sun', [113]],
  ['partly', [116]],
  ['cloud', [119, 122]],
  ['fog', [143, 248, 260]],
  ['storm', [200, 386, 389, 392, 395]],
  [
    'snow',
    [
      179, 182, 185, 227, 230, 317, 320, 323, 326, 329, 332, 335, 338, 350, 362, 365, 368, 371, 374,
      377,
    ],
  ],
];

export function weatherKind(code: number): Kind {
  for (const [kind, codes] of KINDS) if (codes.includes(code)) return kind;
  return 'rain';
}

const CLOUD = svg`<path class="w-cloud" d="M14 40h26a9 9 0 0 0 0-18 13 13 0 0 0-25-2A9 9 0 0 0 14 40z" />`;

const PARTS: Record<Kind, SVGTemplateResult> = {
  sun: svg`<circle class="w-sun" cx="28" cy="26" r="9" /><path class="w-sun" d="M28 8v5M28 39v5M10 26h5M41 26h5M15 13l4 4M37 35l4 4M41 13l-4 4M19 35l-4 4" />`,
  partly: svg`<circle class="w-sun" cx="20" cy="18" r="7" /><path class="w-sun" d="M20 5v4M7 18h4M11 9l3 3M29 9l-3 3" />${CLOUD}`,
  cloud: CLOUD,
  fog: svg`${CLOUD}<path class="w-drop" d="M10 46h34M16 51h26" />`,
  rain: svg`${CLOUD}<path class="w-drop" d="M18 44l-3 7M28 44l-3 7M38 44l-3 7" />`,
  snow: svg`${CLOUD}<path class="w-snow" d="M18 46v5M15.5 48.5h5M30 46v5M27.5 48.5h5" />`,
  storm: svg`${CLOUD}<path class="w-bolt" d="M29 40l-5 8h6l-4 8" />`,
};

export function weatherIcon(code: number): SVGTemplateResult {
  return svg`<svg class="wicon" viewBox="0 0 56 56" aria-hidden="true" focusable="false">${PARTS[weatherKind(code)]}</svg>`;
}
