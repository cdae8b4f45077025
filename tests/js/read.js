// Usage: node read.js FILE.graphml|FILE.gexf -> JSON summary of what graphology parsed.
'use strict';
const fs = require('fs');
const Graph = require('graphology');
const file = process.argv[2];
const text = fs.readFileSync(file, 'utf8');
const parser = file.endsWith('.gexf') ? require('graphology-gexf') : require('graphology-graphml');
const graph = parser.parse(Graph, text, {allowUndeclaredAttributes: true});
const nodes = {};
graph.forEachNode((id, attrs) => { nodes[id] = attrs; });
const relations = {};
graph.forEachEdge((id, attrs) => { relations[attrs.relation] = (relations[attrs.relation] || 0) + 1; });
console.log(JSON.stringify({order: graph.order, size: graph.size, type: graph.type, multi: graph.multi, relations, nodes}));
