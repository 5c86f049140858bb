import { describeManagedPrefixLists, managedPrefixListEntries } from '../shapes.js';
import { type AwsContext, readAs } from './context.js';

/** Managed prefix lists: entries when collected, else AWS-owned (service ranges) or unknown. */
export class PrefixLists {
  private listed: { PrefixListId: string; OwnerId?: string | null }[] | undefined;
  constructor(
    private readonly ctx: AwsContext,
    private readonly account: string,
    private readonly region: string,
  ) {}

  resolve(id: string): string[] | 'provider' | 'unknown' {
    // A list shared through RAM may have been read in its owner's account folder.
    const others = this.ctx.files.accounts().filter((a) => a !== this.account);
    for (const holder of [this.account, ...others]) {
      const entries = readAs(
        this.ctx,
        managedPrefixListEntries,
        holder,
        this.region,
        'ec2',
        'GetManagedPrefixListEntries',
        id,
      );
      if (entries.kind === 'ok') return entries.value.Entries.map((e) => e.Cidr);
    }
    if (this.listed === undefined) {
      const read = readAs(
        this.ctx,
        describeManagedPrefixLists,
        this.account,
        this.region,
        'ec2',
        'DescribeManagedPrefixLists',
      );
      this.listed = read.kind === 'ok' ? read.value.PrefixLists : [];
    }
    // AWS-managed lists (S3, DynamoDB, CloudFront origin-facing …) hold AWS service ranges, never a pool.
    return this.listed.find((l) => l.PrefixListId === id)?.OwnerId === 'AWS' ? 'provider' : 'unknown';
  }
}
