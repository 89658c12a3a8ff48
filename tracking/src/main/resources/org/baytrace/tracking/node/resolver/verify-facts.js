// BayTrace page verification: the facts a consumer page shows of one EPCIS event, read from the
// verified record itself, the same way the node reads them (EventFacts.java): event time, CBV
// business step and disposition, place (business location, else read point), temperatures in °C.

import { CheckFailure, fromUtf8 } from './verify-bytes.js';

const EPCIS_TYPE = 'application/ld+json';

/** The event of a verified record body, or a failure if the record holds none. */
export function eventOf(index, body) {
  if (body.contentType !== EPCIS_TYPE) {
    throw new CheckFailure('facts', 'entry ' + index + ' holds ' + (body.contentType || 'no content type')
      + ', not an EPCIS event');
  }
  let event;
  try {
    event = JSON.parse(fromUtf8(body.content, 'record content'));
  } catch (e) {
    throw new CheckFailure('facts', 'entry ' + index + ': the event is not JSON');
  }
  if (!event || typeof event !== 'object' || Array.isArray(event)) {
    throw new CheckFailure('facts', 'entry ' + index + ': the event is not a JSON object');
  }
  return event;
}

function bare(value, urnPrefix, webPrefix) {
  if (typeof value !== 'string') return null;
  let s = value.trim();
  if (s.toLowerCase().startsWith(urnPrefix)) s = s.slice(urnPrefix.length);
  else if (s.includes('/' + webPrefix)) s = s.slice(s.lastIndexOf('/' + webPrefix) + webPrefix.length + 1);
  else if (s.startsWith('cbv:' + webPrefix)) s = s.slice(4 + webPrefix.length);
  s = s.toLowerCase();
  return /^[a-z][a-z_]{0,40}$/.test(s) ? s : null;
}

const isTemperature = (t) => t === 'Temperature' || t === 'gs1:Temperature' || (typeof t === 'string' && t.endsWith('/Temperature'));

function celsius(value, uom) {
  switch (uom) {
    case 'CEL': return value;
    case 'FAH': return (value - 32) * 5 / 9;
    case 'KEL': return value - 273.15;
    default: return null;
  }
}

/** {timeMillis, bizStep, disposition, place, temperatures: {min, max} | null} of an event. */
export function factsOf(event) {
  const time = Date.parse(event.eventTime);
  let place = null;
  for (const field of ['bizLocation', 'readPoint']) {
    const id = event[field] && event[field].id;
    if (typeof id === 'string' && id.trim() !== '') {
      place = id;
      break;
    }
  }
  const readings = [];
  for (const element of Array.isArray(event.sensorElementList) ? event.sensorElementList : []) {
    for (const report of Array.isArray(element && element.sensorReport) ? element.sensorReport : []) {
      if (!report || !isTemperature(report.type)) continue;
      for (const field of ['value', 'minValue', 'maxValue']) {
        if (typeof report[field] === 'number') {
          const c = celsius(report[field], report.uom);
          if (c !== null && Number.isFinite(c)) readings.push(c);
        }
      }
    }
  }
  return {
    timeMillis: Number.isNaN(time) ? null : time,
    bizStep: bare(event.bizStep, 'urn:epcglobal:cbv:bizstep:', 'BizStep-'),
    disposition: bare(event.disposition, 'urn:epcglobal:cbv:disp:', 'Disp-'),
    place,
    temperatures: readings.length ? { min: Math.min(...readings), max: Math.max(...readings) } : null,
  };
}
