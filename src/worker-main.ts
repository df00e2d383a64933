// `npm run worker`: one more worker process (no API) against the Temporal the API already uses, to
// scale agent work out. Same configuration as `npm start`; an extra worker needs TEMPORAL_ADDRESS,
// since a private embedded engine would leave it with no tasks.
import { runMain } from './main';

if (!process.env.TEMPORAL_ADDRESS) {
  process.stderr.write('npm run worker needs TEMPORAL_ADDRESS (the engine or cluster the API uses), e.g. TEMPORAL_ADDRESS=127.0.0.1:7233\n');
  process.exit(2);
}
process.env.RUN_API ??= 'false';
runMain();
