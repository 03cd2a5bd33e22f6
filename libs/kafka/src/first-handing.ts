import type { KafkaMessage } from 'kafkajs';

/**
 * Which records of a partition a reader has not handed over yet. A consumer client may fetch a range again (a
 * retried fetch after a leader moved, a session re-established); a replay must still hand each offset once, so
 * what comes again is dropped here, and counted, since how often it happens says something about the cluster.
 */
export class FirstHanding {
  private readonly next = new Map<number, bigint>();
  private again = 0;

  /** The messages past the last one handed on `partition`, in order; the earlier ones are counted as handed again. */
  unseen(partition: number, messages: readonly KafkaMessage[]): KafkaMessage[] {
    const next = this.next.get(partition) ?? -1n;
    const fresh = messages.filter((message) => BigInt(message.offset) >= next);
    this.again += messages.length - fresh.length;
    const last = fresh[fresh.length - 1];
    if (last) this.next.set(partition, BigInt(last.offset) + 1n);
    return fresh;
  }

  /** Records dropped because their offset had been handed over already. */
  get handedAgain(): number {
    return this.again;
  }
}
