import type { Subscription } from '@govmetrics/event-store';
import type { CatalogEntry, Ledger, LedgerCatalog } from '@govmetrics/ledger';
import { catalogAsOf, catalogFromLedger, isCatalogEntry } from '@govmetrics/ledger';

/**
 * The scored catalog as the ledger holds it: reads the catalog's events once, then follows the ledger and calls
 * `onChange` after each new definition, target or attested value of that catalog (recorded by the CLI, say).
 */
export class LedgerCatalogFollower {
  private readonly entries: CatalogEntry[] = [];
  private cached: { day: string; count: number; catalog: LedgerCatalog } | undefined;
  private subscription: Subscription | undefined;
  /** The ledger position read up to by `load`: following starts after it. */
  private checkpoint: bigint | undefined;

  private constructor(
    private readonly ledger: Ledger,
    readonly catalogId: string,
  ) {}

  /** Reads the catalog's history; `follow` then starts delivering changes. */
  static async load(ledger: Ledger, catalogId: string): Promise<LedgerCatalogFollower> {
    const follower = new LedgerCatalogFollower(ledger, catalogId);
    const all = await ledger.readAll();
    follower.entries.push(...all.filter(follower.isOurs));
    follower.checkpoint = all.at(-1)?.position;
    return follower;
  }

  /** Whether the ledger holds this catalog at all (on any day). */
  get defined(): boolean {
    return this.entries.some((entry) => entry.type === 'CatalogDefined');
  }

  /** The catalog and attested values in force on a Bangkok day, with the version they came from. */
  catalogOn(day: string): LedgerCatalog {
    if (this.cached?.day !== day || this.cached.count !== this.entries.length) {
      this.cached = { day, count: this.entries.length, catalog: catalogFromLedger(catalogAsOf(this.entries, { day }), this.catalogId) };
    }
    return this.cached.catalog;
  }

  /** Delivers every later change of the catalog to `onChange`; a failure there ends the subscription (see `ended`). */
  async follow(onChange: (entry: CatalogEntry) => Promise<void>): Promise<Subscription> {
    this.subscription = await this.ledger.subscribe(async (entry) => {
      if (!this.isOurs(entry)) return;
      this.entries.push(entry);
      await onChange(entry);
    }, this.checkpoint);
    return this.subscription;
  }

  async close(): Promise<void> {
    await this.subscription?.close();
  }

  private readonly isOurs = (entry: Parameters<typeof isCatalogEntry>[0]): entry is CatalogEntry =>
    isCatalogEntry(entry) && entry.data.catalogId === this.catalogId;
}
