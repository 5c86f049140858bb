import { describe, expect, it } from 'vitest';
import { inertText } from '../../../src/text/inert.js';

describe('text from clouds and logs is inert in the terminal', () => {
  it('shows terminal escapes, bells and bidi overrides as visible escapes', () => {
    const agent = 'aws-cli/2.15 \u001b]0;owned\u0007\u001b[2J\u001b[31m\u202eevil';
    const shown = inertText(agent);
    expect(shown).toBe('aws-cli/2.15 \\x1b]0;owned\\x07\\x1b[2J\\x1b[31m\\u202eevil');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting none are left is the point
    expect(shown).not.toMatch(/[\u0000-\u001f\u202e]/);
  });

  it('keeps newlines, tabs and ordinary non-Latin text', () => {
    expect(inertText('a\tb\nc — ü 日本')).toBe('a\tb\nc — ü 日本');
  });
});
