package io.lakeshare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgsTest {

    @Test
    void optionsMayComeAnywhereAndRepeat() {
        Args args = Args.parse(new String[] {
            "--json",
            "share",
            "update",
            "sales",
            "--add",
            "s:a:delta:b1:a/",
            "--add=s:b:delta:b1:b/",
            "--remove",
            "s/x,s/y",
            "--server",
            "http://h:1"
        });
        assertEquals("share update", args.command());
        assertEquals("sales", args.arg(2));
        assertEquals(List.of("s:a:delta:b1:a/", "s:b:delta:b1:b/"), args.options("add"));
        assertEquals("s/x,s/y", args.option("remove"));
        assertEquals("http://h:1", args.server());
        assertTrue(args.json());
    }

    @Test
    void unknownOrIncompleteOptionsAreUsageErrors() {
        assertThrows(UsageException.class, () -> Args.parse(new String[] {"share", "list", "--colour", "red"}));
        assertThrows(UsageException.class, () -> Args.parse(new String[] {"token", "create", "s", "--expires"}));
    }
}
