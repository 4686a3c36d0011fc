package dev.lazybuild.rpm.header;

/**
 * The tag numbers lazybuild reads, as rpm's {@code rpmtag.h} numbers them. Signature-header
 * tags ({@code RPMSIGTAG_*}) live in their own header and number space.
 */
public final class RpmTag {
    private RpmTag() { }

    // The signature header
    public static final int SIG_DSA_HEADER = 267;
    public static final int SIG_RSA_HEADER = 268;
    public static final int SIG_LONG_ARCHIVE_SIZE = 271;
    /** rpm 6's base64 OpenPGP signatures (a string array), over the header like the two above. */
    public static final int SIG_OPENPGP = 278;
    public static final int SIG_PAYLOAD_SIZE = 1007;

    // The header
    public static final int LONG_ARCHIVE_SIZE = 271;
    public static final int NAME = 1000;
    public static final int VERSION = 1001;
    public static final int RELEASE = 1002;
    public static final int EPOCH = 1003;
    public static final int SUMMARY = 1004;
    public static final int DESCRIPTION = 1005;
    public static final int BUILD_TIME = 1006;
    public static final int BUILD_HOST = 1007;
    public static final int SIZE = 1009;
    public static final int VENDOR = 1011;
    public static final int LICENSE = 1014;
    public static final int PACKAGER = 1015;
    public static final int GROUP = 1016;
    public static final int URL = 1020;
    public static final int ARCH = 1022;
    public static final int OLD_FILE_NAMES = 1027;
    public static final int FILE_MODES = 1030;
    public static final int FILE_DIGESTS = 1035;
    public static final int FILE_FLAGS = 1037;
    public static final int SOURCE_RPM = 1044;
    public static final int ARCHIVE_SIZE = 1046;
    public static final int PROVIDE_NAME = 1047;
    public static final int REQUIRE_FLAGS = 1048;
    public static final int REQUIRE_NAME = 1049;
    public static final int REQUIRE_VERSION = 1050;
    public static final int CONFLICT_FLAGS = 1053;
    public static final int CONFLICT_NAME = 1054;
    public static final int CONFLICT_VERSION = 1055;
    public static final int CHANGELOG_TIME = 1080;
    public static final int CHANGELOG_NAME = 1081;
    public static final int CHANGELOG_TEXT = 1082;
    public static final int OBSOLETE_NAME = 1090;
    public static final int SOURCE_PACKAGE = 1106;
    public static final int PROVIDE_FLAGS = 1112;
    public static final int PROVIDE_VERSION = 1113;
    public static final int OBSOLETE_FLAGS = 1114;
    public static final int OBSOLETE_VERSION = 1115;
    public static final int DIR_INDEXES = 1116;
    public static final int BASE_NAMES = 1117;
    public static final int DIR_NAMES = 1118;
    public static final int OLD_SUGGESTS_NAME = 1156;
    public static final int OLD_SUGGESTS_VERSION = 1157;
    public static final int OLD_SUGGESTS_FLAGS = 1158;
    public static final int OLD_ENHANCES_NAME = 1159;
    public static final int OLD_ENHANCES_VERSION = 1160;
    public static final int OLD_ENHANCES_FLAGS = 1161;
    public static final int LONG_SIZE = 5009;
    public static final int RECOMMEND_NAME = 5046;
    public static final int RECOMMEND_VERSION = 5047;
    public static final int RECOMMEND_FLAGS = 5048;
    public static final int SUGGEST_NAME = 5049;
    public static final int SUGGEST_VERSION = 5050;
    public static final int SUGGEST_FLAGS = 5051;
    public static final int SUPPLEMENT_NAME = 5052;
    public static final int SUPPLEMENT_VERSION = 5053;
    public static final int SUPPLEMENT_FLAGS = 5054;
    public static final int ENHANCE_NAME = 5055;
    public static final int ENHANCE_VERSION = 5056;
    public static final int ENHANCE_FLAGS = 5057;
}
