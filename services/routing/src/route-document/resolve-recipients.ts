import { AgencyView, RoutedRecipient, RoutingFailureReason } from '@lt/contracts';

/** A recipient routing could not serve, and why. */
export interface RecipientFailure {
  recipientCode: string;
  reason: RoutingFailureReason;
  detail: string;
}

export interface RecipientResolution {
  routed: RoutedRecipient[];
  failed: RecipientFailure[];
}

/**
 * Resolves addressed codes against the directory: active agencies receive; unknown and suspended
 * ones fail; a retired code with a successor is routed to the successor (followed up to `maxHops`
 * retirements) and says which code was addressed. An agency addressed twice (directly, or an old and
 * a new code of one merged agency) receives once. Pure: `views` holds the addressed agencies as of
 * the routing date and their successors (one `DirectoryReader.withSuccessors` lookup); a code absent
 * from it is unknown.
 */
export function resolveRecipients(
  addressed: readonly string[],
  views: ReadonlyMap<string, AgencyView>,
  maxHops: number,
): RecipientResolution {
  const codes = [...new Set(addressed)];
  const routed: RoutedRecipient[] = [];
  const failed: RecipientFailure[] = [];
  const receiving = new Set<string>();
  for (const code of codes) {
    const view = views.get(code);
    if (!view) {
      failed.push({
        recipientCode: code,
        reason: 'RECIPIENT_UNKNOWN',
        detail: `${code} is not a registered agency`,
      });
      continue;
    }
    let target = view;
    const chain = [code];
    while (target.status === 'retired' && target.successorCode && chain.length <= maxHops) {
      const successor = views.get(target.successorCode);
      if (!successor) break;
      chain.push(successor.code);
      target = successor;
    }
    if (target.status === 'active') {
      if (receiving.has(target.code)) continue;
      receiving.add(target.code);
      routed.push({
        agencyCode: target.code,
        delivery: target.delivery.mode,
        ...(target.code !== code ? { addressedCode: code } : {}),
      });
    } else if (target.status === 'suspended') {
      failed.push({
        recipientCode: code,
        reason: 'RECIPIENT_SUSPENDED',
        detail:
          target.code === code
            ? `${code} is suspended`
            : `${code} is retired; its successor ${target.code} is suspended`,
      });
    } else {
      failed.push({
        recipientCode: code,
        reason: 'RECIPIENT_RETIRED',
        detail: `${code} is retired${view.validTo ? ` since ${view.validTo}` : ''} with no successor in use (${chain.join(' → ')})`,
      });
    }
  }
  return { routed, failed };
}

/** Why a sender may not send, or undefined when it may (a registered, active agency). */
export function senderRefusal(
  senderCode: string,
  view: AgencyView | undefined,
): { reason: RoutingFailureReason; detail: string } | undefined {
  if (!view) return { reason: 'SENDER_NOT_REGISTERED', detail: `${senderCode} is not a registered agency` };
  if (view.status === 'suspended')
    return { reason: 'SENDER_SUSPENDED', detail: `${senderCode} is suspended` };
  if (view.status === 'retired') {
    return {
      reason: 'SENDER_RETIRED',
      detail: `${senderCode} is retired${view.successorCode ? `; its successor is ${view.successorCode}` : ''}`,
    };
  }
  return undefined;
}
