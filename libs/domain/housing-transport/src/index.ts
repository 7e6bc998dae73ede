// @care/housing-transport-rules — 住房与交通 (市住建局, 市交通运输局): public rental housing, rent subsidies, student bus cards.
// Pure rules, no I/O; the service in apps/ stores and publishes.
export {};
