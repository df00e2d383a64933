// Jest globalSetup of the strict and temporal lanes (jest.lanes.config.js): checks the lane's
// settings once, and in the temporal lane that a Temporal server answers with the namespace, so a
// missing server fails the run at once with what to do instead of a timeout in every test file.
import { Connection } from '@temporalio/client';
import { testLane, VISIBILITY_DELAY_VARIABLE } from './test-lane';

const HOW_TO_START = 'start one with `temporal server start-dev` or `docker compose -f temporal-dev.yml up -d` (see the README, "Test lanes")';

export default async function laneSetup(): Promise<void> {
  const lane = testLane();
  if (!lane.address) {
    const delay = lane.engine.visibilityDelayMs ?? 0;
    process.stdout.write(`\ntest lane: embedded engine, a real cluster's limits, visibility delay ${delay} ms (${VISIBILITY_DELAY_VARIABLE})\n`);
    return;
  }
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address: lane.address, connectTimeout: '5s' });
    await connection.workflowService.describeNamespace({ namespace: lane.namespace });
  } catch (err) {
    throw new Error(`test lane temporal: no Temporal server with namespace ${JSON.stringify(lane.namespace)} answers at ${lane.address} (${(err as Error).message}); ${HOW_TO_START}`, { cause: err });
  } finally {
    await connection?.close();
  }
  process.stdout.write(`\ntest lane: Temporal at ${lane.address}, namespace ${lane.namespace}\n`);
}
