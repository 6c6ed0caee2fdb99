/** Internal state machines of the query layer (event queue, TNT cache); not API. */
package dev.hindsight.pt.query.internal;
