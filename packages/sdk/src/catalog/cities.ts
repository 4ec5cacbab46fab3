/**
 * Real cities with their real coordinates (city centre, WGS 84), country (ISO 3166 alpha-2),
 * local currency, a rough price level (local units per US dollar, so generated prices look
 * local) and a weight (how much live entertainment the city hosts, 1–10).
 */
export interface City {
  readonly name: string;
  readonly country: string;
  readonly lat: number;
  readonly lon: number;
  readonly currency: string;
  readonly priceLevel: number;
  readonly weight: number;
}

// name | country | lat | lon | currency | units per USD | weight
const TABLE = `
New York|US|40.7128|-74.0060|USD|1|10
Los Angeles|US|34.0522|-118.2437|USD|1|9
Chicago|US|41.8781|-87.6298|USD|1|8
Houston|US|29.7604|-95.3698|USD|1|6
Phoenix|US|33.4484|-112.0740|USD|1|4
Philadelphia|US|39.9526|-75.1652|USD|1|5
San Antonio|US|29.4241|-98.4936|USD|1|3
San Diego|US|32.7157|-117.1611|USD|1|4
Dallas|US|32.7767|-96.7970|USD|1|6
Austin|US|30.2672|-97.7431|USD|1|6
San Francisco|US|37.7749|-122.4194|USD|1|7
Seattle|US|47.6062|-122.3321|USD|1|6
Denver|US|39.7392|-104.9903|USD|1|5
Washington|US|38.9072|-77.0369|USD|1|6
Boston|US|42.3601|-71.0589|USD|1|6
Nashville|US|36.1627|-86.7816|USD|1|7
Las Vegas|US|36.1699|-115.1398|USD|1|8
Portland|US|45.5152|-122.6784|USD|1|4
Atlanta|US|33.7490|-84.3880|USD|1|6
Miami|US|25.7617|-80.1918|USD|1|6
Minneapolis|US|44.9778|-93.2650|USD|1|4
New Orleans|US|29.9511|-90.0715|USD|1|5
Detroit|US|42.3314|-83.0458|USD|1|4
Salt Lake City|US|40.7608|-111.8910|USD|1|3
Kansas City|US|39.0997|-94.5786|USD|1|3
Pittsburgh|US|40.4406|-79.9959|USD|1|3
Toronto|CA|43.6532|-79.3832|CAD|1.35|7
Montréal|CA|45.5017|-73.5673|CAD|1.35|6
Vancouver|CA|49.2827|-123.1207|CAD|1.35|5
Calgary|CA|51.0447|-114.0719|CAD|1.35|3
Mexico City|MX|19.4326|-99.1332|MXN|17|7
Guadalajara|MX|20.6597|-103.3496|MXN|17|3
Monterrey|MX|25.6866|-100.3161|MXN|17|3
São Paulo|BR|-23.5505|-46.6333|BRL|5|7
Rio de Janeiro|BR|-22.9068|-43.1729|BRL|5|6
Buenos Aires|AR|-34.6037|-58.3816|ARS|900|6
Bogotá|CO|4.7110|-74.0721|COP|4000|4
Lima|PE|-12.0464|-77.0428|PEN|3.7|3
London|GB|51.5074|-0.1278|GBP|0.8|10
Manchester|GB|53.4808|-2.2426|GBP|0.8|6
Birmingham|GB|52.4862|-1.8904|GBP|0.8|4
Glasgow|GB|55.8642|-4.2518|GBP|0.8|5
Edinburgh|GB|55.9533|-3.1883|GBP|0.8|5
Liverpool|GB|53.4084|-2.9916|GBP|0.8|4
Leeds|GB|53.8008|-1.5491|GBP|0.8|3
Bristol|GB|51.4545|-2.5879|GBP|0.8|3
Cardiff|GB|51.4816|-3.1791|GBP|0.8|3
Dublin|IE|53.3498|-6.2603|EUR|0.92|6
Paris|FR|48.8566|2.3522|EUR|0.92|9
Lyon|FR|45.7640|4.8357|EUR|0.92|4
Marseille|FR|43.2965|5.3698|EUR|0.92|4
Bordeaux|FR|44.8378|-0.5792|EUR|0.92|3
Berlin|DE|52.5200|13.4050|EUR|0.92|9
Hamburg|DE|53.5511|9.9937|EUR|0.92|5
Munich|DE|48.1351|11.5820|EUR|0.92|6
Cologne|DE|50.9375|6.9603|EUR|0.92|5
Frankfurt|DE|50.1109|8.6821|EUR|0.92|4
Amsterdam|NL|52.3676|4.9041|EUR|0.92|7
Rotterdam|NL|51.9244|4.4777|EUR|0.92|3
Brussels|BE|50.8503|4.3517|EUR|0.92|5
Antwerp|BE|51.2194|4.4025|EUR|0.92|3
Madrid|ES|40.4168|-3.7038|EUR|0.92|8
Barcelona|ES|41.3874|2.1686|EUR|0.92|8
Valencia|ES|39.4699|-0.3763|EUR|0.92|4
Seville|ES|37.3891|-5.9845|EUR|0.92|3
Lisbon|PT|38.7223|-9.1393|EUR|0.92|6
Porto|PT|41.1579|-8.6291|EUR|0.92|4
Rome|IT|41.9028|12.4964|EUR|0.92|7
Milan|IT|45.4642|9.1900|EUR|0.92|7
Naples|IT|40.8518|14.2681|EUR|0.92|4
Turin|IT|45.0703|7.6869|EUR|0.92|3
Florence|IT|43.7696|11.2558|EUR|0.92|4
Vienna|AT|48.2082|16.3738|EUR|0.92|6
Zürich|CH|47.3769|8.5417|CHF|0.88|5
Geneva|CH|46.2044|6.1432|CHF|0.88|3
Copenhagen|DK|55.6761|12.5683|DKK|6.9|5
Stockholm|SE|59.3293|18.0686|SEK|10.5|6
Gothenburg|SE|57.7089|11.9746|SEK|10.5|3
Oslo|NO|59.9139|10.7522|NOK|10.7|5
Helsinki|FI|60.1699|24.9384|EUR|0.92|4
Warsaw|PL|52.2297|21.0122|PLN|4|5
Kraków|PL|50.0647|19.9450|PLN|4|4
Prague|CZ|50.0755|14.4378|CZK|23|5
Budapest|HU|47.4979|19.0402|HUF|360|5
Athens|GR|37.9838|23.7275|EUR|0.92|4
Istanbul|TR|41.0082|28.9784|TRY|32|6
Bucharest|RO|44.4268|26.1025|RON|4.6|3
Zagreb|HR|45.8150|15.9819|EUR|0.92|3
Sydney|AU|-33.8688|151.2093|AUD|1.5|8
Melbourne|AU|-37.8136|144.9631|AUD|1.5|8
Brisbane|AU|-27.4698|153.0251|AUD|1.5|5
Perth|AU|-31.9505|115.8605|AUD|1.5|4
Adelaide|AU|-34.9285|138.6007|AUD|1.5|3
Auckland|NZ|-36.8485|174.7633|NZD|1.65|4
Wellington|NZ|-41.2866|174.7756|NZD|1.65|3
Singapore|SG|1.3521|103.8198|SGD|1.35|6
Hong Kong|HK|22.3193|114.1694|HKD|7.8|6
Taipei|TW|25.0330|121.5654|TWD|32|5
Shanghai|CN|31.2304|121.4737|CNY|7.2|6
Bangkok|TH|13.7563|100.5018|THB|36|5
Kuala Lumpur|MY|3.1390|101.6869|MYR|4.7|4
Manila|PH|14.5995|120.9842|PHP|56|4
Mumbai|IN|19.0760|72.8777|INR|83|6
Delhi|IN|28.7041|77.1025|INR|83|5
Bengaluru|IN|12.9716|77.5946|INR|83|4
Dubai|AE|25.2048|55.2708|AED|3.67|6
Tel Aviv|IL|32.0853|34.7818|ILS|3.7|4
Johannesburg|ZA|-26.2041|28.0473|ZAR|18.5|4
Cape Town|ZA|-33.9249|18.4241|ZAR|18.5|4
Cairo|EG|30.0444|31.2357|EGP|48|3
Lagos|NG|6.5244|3.3792|NGN|1500|3
Nairobi|KE|-1.2921|36.8219|KES|130|3
Marrakesh|MA|31.6295|-7.9811|MAD|10|2
`;

function parse(table: string): City[] {
  return table
    .trim()
    .split('\n')
    .map((line) => {
      const [name, country, lat, lon, currency, priceLevel, weight] = line.split('|');
      if (weight === undefined) throw new Error(`bad city line: ${line}`);
      return {
        name: name!,
        country: country!,
        lat: Number(lat),
        lon: Number(lon),
        currency: currency!,
        priceLevel: Number(priceLevel),
        weight: Number(weight),
      };
    });
}

/** The cities the synthetic catalog places its venues in (110 of them, on six continents). */
export const CITIES: readonly City[] = parse(TABLE);
