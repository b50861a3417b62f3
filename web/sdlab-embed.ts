// The script a tutorial page loads to use <sdlab-block> (ui/sdlab-block.ts). The build writes it
// to sdlab-embed.js beside the site's index.html, as it sits beside index.html here, so the
// directory it is loaded from is the site's address (for "Open in sdlab").
import { SdlabBlock } from './src/ui/sdlab-block';

SdlabBlock.site = import.meta.url.replace(/[^/]*$/, '');
if (!customElements.get('sdlab-block')) customElements.define('sdlab-block', SdlabBlock);
