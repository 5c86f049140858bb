/** Output formats and the file names they are written to: cheap to load for the command line. */
export const formats = ['html', 'json', 'csv', 'ocsf', 'md'] as const;
export type Format = (typeof formats)[number];
export const defaultFormats: Format[] = ['html', 'json', 'csv'];

/** File names in `--out` (DESIGN.md "Files written to --out"). */
export const fileNames: Record<Format, string> & { pdf: string; detectionsCsv: string; creatorsCsv: string } =
  {
    json: 'findings.json',
    html: 'report.html',
    csv: 'findings.csv',
    ocsf: 'findings.ocsf.json',
    md: 'summary.md',
    detectionsCsv: 'detections.csv',
    creatorsCsv: 'creators.csv',
    pdf: 'scorecard.pdf',
  };
