package io.wally.runtime.dashboard;

import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;

/** Records the one answer to a request. */
final class Answer implements CommandReply {
    volatile Object result;
    volatile ErrorCode code;
    volatile String message;

    @Override
    public void ok(Object value) {
        result = value;
    }

    @Override
    public void error(ErrorCode errorCode, String text) {
        code = errorCode;
        message = text;
    }
}
