// One colour per PLOVER event type, in the ontology's order: cooperation in greens and blues,
// verbal conflict in yellows and oranges, material conflict in reds and purples.
export const TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];

const COLORS = {
  AGREE: "#1b9e77",
  CONSULT: "#66c2a5",
  SUPPORT: "#2ca25f",
  CONCEDE: "#a6d854",
  COOPERATE: "#1f78b4",
  AID: "#6baed6",
  RETREAT: "#8c96a0",
  REQUEST: "#8da0cb",
  ACCUSE: "#e6ab02",
  REJECT: "#c9b458",
  THREATEN: "#fd8d3c",
  PROTEST: "#e7298a",
  SANCTION: "#7570b3",
  MOBILIZE: "#a6761d",
  COERCE: "#e6550d",
  ASSAULT: "#c81d25",
};

/** The colour of a type; grey for a type this page does not know. */
export function colorOf(type) {
  return COLORS[type] || "#777777";
}
