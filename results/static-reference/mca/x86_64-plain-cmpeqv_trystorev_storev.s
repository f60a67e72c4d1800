	cmp %rsi,(%rdx)
	jne .Lout
	mov %rsi,(%rdi)
	mov %r8,(%rdx)
.Lout:
