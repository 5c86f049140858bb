import type { Grade } from '../model/findings-document.js';

export const grades: readonly Grade[] = ['A', 'B', 'C', 'D', 'F'];

export function gradeOf(value: number): Grade {
  return value >= 90 ? 'A' : value >= 80 ? 'B' : value >= 70 ? 'C' : value >= 60 ? 'D' : 'F';
}

/** The highest value that still earns `grade`: capping a value there caps the grade. */
export function ceilingOf(grade: Grade): number {
  return { A: 100, B: 89, C: 79, D: 69, F: 59 }[grade];
}

/** One letter better than `grade` (A stays A). */
export function oneBetter(grade: Grade): Grade {
  return grades[Math.max(0, grades.indexOf(grade) - 1)] ?? 'A';
}

/** True when `a` is a better grade than `b`. */
export function better(a: Grade, b: Grade): boolean {
  return grades.indexOf(a) < grades.indexOf(b);
}
