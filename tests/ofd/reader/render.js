// render.js - page 1 of OFD files as ofd.js 0.2.6 draws it in Chromium, one PNG each.
// Usage: NODE_PATH=<node_modules> node render.js OUT_DIR DPI A.ofd [B.ofd ...]
// writes OUT_DIR/<n>.png (n: the file's place in the list, from 0); exit 1 if one failed,
// 2 if Chromium could not run. The page and the files are served from 127.0.0.1.
//
// ofd.js 0.2.6 ignores the font files an OFD embeds and asks the system for the family the
// OFD names (kaoping's fonts are not installed system-wide under those names). So before
// rendering, the page registers each embedded font file as a web font (FontFace) under that
// family. ofd.js also rewrites families it knows (FONT_FAMILY in its source): a name with
// "kai" in it becomes "楷体, KaiTi, Kai, simkai", and so on; the font is registered under
// those names too, or the reader would draw that text in a fallback face.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const JSZip = require('jszip');
const puppeteer = require('puppeteer-core');

const ALIASES = { // ofd.js 0.2.6's FONT_FAMILY, keys matched as substrings, lower case
  '楷体': ['楷体', 'KaiTi', 'Kai', 'simkai'], 'kai': ['楷体', 'KaiTi', 'Kai', 'simkai'],
  'simsun': ['SimSun', 'simsun', 'Songti SC'], '宋体': ['SimSun', 'simsun', 'Songti SC'],
  '黑体': ['SimHei', 'STHeiti', 'simhei'], '仿宋': ['FangSong', 'STFangsong', 'simfang'],
  '小标宋体': ['sSun'],
};

function families(name) {
  const out = new Set([name]);
  for (const [key, list] of Object.entries(ALIASES))
    if (name.toLowerCase().includes(key)) list.forEach((f) => out.add(f));
  return [...out];
}

// The embedded fonts of an OFD: each served at /font/<doc>/<file>, with the families to
// register it under.
async function fontsOf(doc, n, files) {
  const zip = await JSZip.loadAsync(fs.readFileSync(doc));
  const out = [];
  for (const name of Object.keys(zip.files)) {
    if (!/(PublicRes|DocumentRes)\.xml$/.test(name)) continue;
    const xml = await zip.file(name).async('string');
    const base = (xml.match(/BaseLoc="([^"]*)"/) || [])[1] || '';
    for (const m of xml.matchAll(/<ofd:Font\b([^>]*)>\s*<ofd:FontFile>([^<]+)<\/ofd:FontFile>/g)) {
      const attr = (k) => (m[1].match(new RegExp(k + '="([^"]*)"')) || [])[1];
      const file = path.posix.join(path.posix.dirname(name), base, m[2]);
      const url = `/font/${n}/${path.posix.basename(file)}`;
      files.set(url, await zip.file(file).async('nodebuffer'));
      const names = [attr('FamilyName'), attr('FontName')].filter(Boolean);
      for (const family of new Set(names.flatMap(families))) out.push({family, url});
    }
  }
  return out;
}

// In the page: register the fonts, parse the OFD, draw page 1 at `scale` px per mm.
async function drawFirstPage(docUrl, fonts, scale) {
  for (const f of fonts) {
    const face = new FontFace(f.family, `url(${f.url})`);
    await face.load();
    document.fonts.add(face);
  }
  const buf = await (await fetch(docUrl)).arrayBuffer();
  const res = await new Promise((ok, ko) => ofd.parseOfdDocument({ofd: buf, success: ok, fail: ko}));
  ofd.setPageScale(scale);
  const pages = ofd.renderOfdByScale(res[0]);
  document.getElementById('page').appendChild(pages[0]);
  await document.fonts.ready;
  const r = pages[0].getBoundingClientRect();
  return {w: r.width, h: r.height};
}

function serve(files) {
  const server = http.createServer((req, res) => {
    const body = files.get(req.url);
    if (!body) {
      res.writeHead(404);
      return res.end();
    }
    const type = req.url.endsWith('.html') ? 'text/html; charset=utf-8'
      : req.url.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
    res.writeHead(200, {'Content-Type': type});
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

async function main() {
  const [outDir, dpi, ...docs] = process.argv.slice(2);
  const files = new Map();
  const lib = path.dirname(require.resolve('ofd.js/package.json'));
  files.set('/ofd.js', fs.readFileSync(path.join(lib, 'lib/ofd.umd.min.js')));
  files.set('/page.html', fs.readFileSync(path.join(__dirname, 'page.html')));
  const server = await serve(files);
  const base = `http://127.0.0.1:${server.address().port}`;
  let browser;
  try {
    browser = await puppeteer.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none',
             '--force-color-profile=srgb']});
  } catch (e) {
    console.error(`Chromium cannot run: ${String(e).split('\n')[0]}`);
    server.close();
    process.exit(2);
  }
  const page = await browser.newPage();
  let bad = 0;
  for (let n = 0; n < docs.length; n++) {
    try {
      const fonts = await fontsOf(docs[n], n, files);
      files.set(`/doc/${n}.ofd`, fs.readFileSync(docs[n]));
      await page.goto(base + '/page.html');
      const box = await page.evaluate(drawFirstPage, `/doc/${n}.ofd`, fonts, Number(dpi) / 25.4);
      await page.setViewport({width: Math.ceil(box.w), height: Math.ceil(box.h)});
      await (await page.$('#page > div')).screenshot({path: path.join(outDir, `${n}.png`)});
    } catch (e) {
      bad++;
      console.error(`${docs[n]}: ${String(e).split('\n')[0]}`);
    }
  }
  await browser.close();
  server.close();
  process.exit(bad ? 1 : 0);
}

main().catch((e) => {
  console.error(String(e));
  process.exit(2);
});
