/** The bin target (`bin/wsfc-forensics.js` imports the built copy). */
import { main } from './main.js';

await main(process.argv);
