import type { TestGateway } from '../../testing/test-gateway';

/** Runs everything the automation has to do now (events, jobs, what they cause) until quiet. */
export async function settle(gw: Pick<TestGateway, 'services'>): Promise<void> {
  let quiet = 0;
  while (quiet < 2) {
    const hadEvents = await gw.services.automation.events.settle();
    const ran = await gw.services.jobs.runDue();
    quiet = !hadEvents && ran === 0 ? quiet + 1 : 0;
  }
}
