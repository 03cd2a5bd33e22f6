/**
 * Every produce waits for all in-sync replicas (at least `min.insync.replicas`, 2 on the local cluster): a record
 * acknowledged to a platform survives the loss of its partition's leader. kafkajs defaults to this too; saying it
 * keeps a future `acks: 1` from looking like a harmless tuning.
 */
export const ACKS_ALL = -1;
