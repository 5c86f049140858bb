/** "an alert subscription", "a budget": the indefinite article English gives a noun by its first letter. */
export function withArticle(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}
