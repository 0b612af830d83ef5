package io.wally.maps.graph;

/**
 * Layout of an {@link OffHeapGraph} image file (little-endian), written by
 * {@link OffHeapGraph#writeImage} and mapped by {@link OffHeapGraph#openImage}.
 *
 * <pre>
 *  header (HEADER_BYTES = 160)
 *   0  magic "WALLYGR1" u64        8 format version i32     12 header bytes i32 (160)
 *  16  node record bytes i32 (16) 20 untyped edge entry bytes i32 (8) 24 adjacency header bytes i32 (4)
 *  28  byte-order mark i32 (0x01020304 as written)
 *  32  graph version i64          40 node id limit i32     44 node count i32
 *  48  edge count i32             52 typed edge entry bytes i32 (10)
 *  56  section table: 4 entries of 24 bytes, in this order
 *        nodes, edges, names, properties
 *        +0 offset i64 (from file start, multiple of 8)  +8 length i64  +16 CRC32C i32  +20 reserved i32
 * 152  CRC32C of header bytes [0, 152) i32
 * 156  reserved i32 (0)
 *
 *  sections (each starts at a multiple of 8; zero padding between)
 *   nodes:       nodeIdLimit words of {@link NodeDescriptor} (4 bytes; every adjacency handle is a
 *                compact handle into the edges section), then nodeIdLimit places (12 bytes); a
 *                version-2 image keeps each node's 16 bytes together (x, y, labels, word)
 *   edges:       the {@link EdgePalette} (2,048 bytes: 256 x (f32 weight, i32 type), weight NaN =
 *                unused code), then the compact adjacency area ({@link AdjacencyDescriptor}), node
 *                order; a version-2 image has no palette (and no narrow records)
 *   names:       a {@link NameIndex} image
 *   properties:  a {@link PropertyStore} image
 * </pre>
 *
 * The nodes and edges sections are used in place (mapped copy-on-write); names and properties are
 * restored by their own {@code openImage}.
 */
final class ImageDescriptor {

    static final long MAGIC = 0x3152_4759_4C4C_4157L; // "WALLYGR1" read as little-endian u64
    /** Written by this build: the edges section starts with the edge palette. */
    static final int FORMAT_VERSION = 3;
    /** Still read: no palette, so no narrow records (the edges section is the compact area alone). */
    static final int FORMAT_VERSION_WITHOUT_PALETTE = 2;
    static final int HEADER_BYTES = 160;
    static final int BYTE_ORDER_MARK = 0x0102_0304;

    static final int MAGIC_OFFSET = 0;
    static final int FORMAT_VERSION_OFFSET = 8;
    static final int HEADER_BYTES_OFFSET = 12;
    static final int NODE_RECORD_BYTES_OFFSET = 16;
    static final int EDGE_ENTRY_BYTES_OFFSET = 20;
    static final int ADJACENCY_HEADER_BYTES_OFFSET = 24;
    static final int BYTE_ORDER_OFFSET = 28;
    static final int GRAPH_VERSION_OFFSET = 32;
    static final int NODE_ID_LIMIT_OFFSET = 40;
    static final int NODE_COUNT_OFFSET = 44;
    static final int EDGE_COUNT_OFFSET = 48;
    static final int TYPED_EDGE_ENTRY_BYTES_OFFSET = 52;
    static final int SECTION_TABLE_OFFSET = 56;
    static final int SECTION_ENTRY_BYTES = 24;
    static final int SECTION_OFFSET = 0;
    static final int SECTION_LENGTH = 8;
    static final int SECTION_CRC = 16;
    static final int HEADER_CRC_OFFSET = 152;

    static final int NODES = 0;
    static final int EDGES = 1;
    static final int NAMES = 2;
    static final int PROPERTIES = 3;
    static final String[] SECTION_NAMES = {"nodes", "edges", "names", "properties"};

    private ImageDescriptor() {
    }

    static int sectionEntry(int section) {
        return SECTION_TABLE_OFFSET + section * SECTION_ENTRY_BYTES;
    }

    static long align8(long offset) {
        return (offset + 7) & ~7L;
    }
}
