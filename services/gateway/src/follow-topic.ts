import type { Logger } from '@nestjs/common';
import type { TailStart, TopicSpec, TopicTail } from '@govmetrics/kafka';
import { createKafka, ensureTopics, tailTopic, whenKafkaReady } from '@govmetrics/kafka';
import { withTraceFrom } from '@govmetrics/tracing';
import type { KafkaMessage } from 'kafkajs';
import type { z } from 'zod';
import type { GatewayConfig } from './gateway.config';

function parseJson(value: Buffer | null): unknown {
  try {
    return JSON.parse(value?.toString() ?? 'null');
  } catch {
    return undefined;
  }
}

export interface FollowOptions {
  groupPrefix: string;
  from: TailStart;
  logger: Logger;
}

/**
 * Follows one of the pipeline's topics and hands over every message its schema accepts. The topic is created when
 * missing (the gateway may start before its writer); a message that breaks the schema is logged, never fatal.
 * `onMessage` runs in the trace the message carries, so a span it starts continues the writer's.
 */
export async function followTopic<T extends z.ZodType>(
  config: GatewayConfig,
  spec: TopicSpec,
  schema: T,
  onMessage: (message: z.infer<T>) => void,
  options: FollowOptions,
): Promise<TopicTail> {
  const kafka = createKafka(config);
  const take = (value: Buffer | null, message: KafkaMessage): void => {
    const parsed = schema.safeParse(parseJson(value));
    if (parsed.success) withTraceFrom(message.headers, () => onMessage(parsed.data));
    else options.logger.warn(`skipped a message of ${spec.topic} that breaks its schema: ${parsed.error.message}`);
  };
  // A topic created a moment ago may not have its leaders yet: reading its offsets is retried like its creation.
  const follow = async () => {
    await ensureTopics(kafka, [spec]);
    return tailTopic(kafka, spec.topic, take, options.groupPrefix, options.from);
  };
  return whenKafkaReady(follow, config.KAFKA_STARTUP_WAIT_MS, (line) => options.logger.warn(line));
}
