package io.contactkit.spring.boot.starter;

import io.contactkit.testsupport.BlockHoundCheck;

/** BlockHound is installed for this module's tests: blocking on a non-blocking thread fails. */
class BlockHoundActiveTest extends BlockHoundCheck {
}
