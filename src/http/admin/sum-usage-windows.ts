import { convertMicroUsdToUsd } from '../../core/usage-cost.js';
import {
  emptyModelUsage,
  MODEL_COUNTERS,
  type ModelWindowUsage,
  type MonthUsage,
  type WindowUsageByModel,
} from '../../tenancy/usage-meter.js';

function addInto(target: ModelWindowUsage, source: ModelWindowUsage): void {
  for (const counter of MODEL_COUNTERS) target[counter] += source[counter];
  target.costUsd = convertMicroUsdToUsd(target.costMicroUsd);
}

/** Adds one window (its totals and each model's) into another of the same id. */
function addWindow(target: WindowUsageByModel, source: WindowUsageByModel): void {
  addInto(target, source);
  for (const [model, usage] of Object.entries(source.models)) {
    target.models[model] ??= emptyModelUsage();
    addInto(target.models[model]!, usage);
  }
}

/**
 * Every key's month summed: the month and each day, in total and per model. What the console's charts and
 * totals show for all keys at once.
 */
export function sumMonthUsages(monthId: string, usages: readonly MonthUsage[]): Omit<MonthUsage, 'keyId'> {
  const month: WindowUsageByModel = { window: monthId, ...emptyModelUsage(), models: {} };
  const days = new Map<string, WindowUsageByModel>();
  for (const usage of usages) {
    addWindow(month, usage.month);
    for (const day of usage.days) {
      let target = days.get(day.window);
      if (!target) {
        target = { window: day.window, ...emptyModelUsage(), models: {} };
        days.set(day.window, target);
      }
      addWindow(target, day);
    }
  }
  return { month, days: [...days.values()].sort((a, b) => a.window.localeCompare(b.window)) };
}
